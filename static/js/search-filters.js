// Optional enhancement: apply a filter or sort as soon as it changes (the buttons do it without JavaScript).
document.querySelectorAll(".filters input[type=checkbox], .results-bar select").forEach(function (el) {
  el.addEventListener("change", function () { el.form.submit(); });
});
document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
