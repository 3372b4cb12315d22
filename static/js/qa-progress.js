// Live progress of a question: poll the JSON status and land on the article when it is published.
(function () {
  var root = document.querySelector("[data-status-url]");
  if (!root) return;
  var url = root.getAttribute("data-status-url");
  var status = document.getElementById("progress-status");
  var stalled = root.getAttribute("data-stalled") === "true";

  function render(data) {
    data.stages.forEach(function (s) {
      var item = document.querySelector('[data-stage="' + s.stage + '"]');
      if (!item) return;
      item.className = "stage stage-" + s.state;
      item.querySelector(".stage-state").textContent = s.state;
      item.querySelector(".stage-message").textContent = s.message;
    });
    if (data.status === "published" && data.article_url) {
      status.textContent = "The article is ready.";
      window.location.assign(data.article_url);
      return true;
    }
    // A failed or stalled question (or one going again) gets the server's page, with its retry form.
    if (data.status === "failed" || data.stalled !== stalled) {
      window.location.reload();
      return true;
    }
    return false;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!render(data)) setTimeout(poll, 1500); })
      .catch(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, 1000);
})();
