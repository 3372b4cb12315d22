// Deep Search results stream in: refresh the list from the server until the search is done.
(function () {
  var box = document.getElementById("deep-results");
  if (!box || !box.hasAttribute("data-poll-url")) return;
  var url = box.getAttribute("data-poll-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        box.innerHTML = html;
        if (box.querySelector("[data-running]")) setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1500);
})();
