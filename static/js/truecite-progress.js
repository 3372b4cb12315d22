// A TrueCite check runs in a worker: poll its JSON status and load the page again once that changes (the
// report when it is done, the reason when it failed, the retry button when it stalled).
(function () {
  var root = document.querySelector("[data-status-url]");
  if (!root) return;
  var url = root.getAttribute("data-status-url");
  var status = root.getAttribute("data-status");
  var stalled = root.getAttribute("data-stalled") === "true";

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.status !== status || data.stalled !== stalled) window.location.reload();
        else setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, 1000);
})();
