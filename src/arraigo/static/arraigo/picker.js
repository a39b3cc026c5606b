// A filter box for the long lists of checkboxes rendered by core.widgets.SearchableCheckboxes.
// Without this script the list is a plain scrolling list of checkboxes; with it, typing hides
// the options that do not match (accents and case ignored; ticked options stay in view) and
// the count says how many are ticked. Safe to load more than once.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp(picker) {
    if (picker.dataset.ready) { return; }
    picker.dataset.ready = "1";
    var filter = picker.querySelector(".picker-filter");
    var count = picker.querySelector(".picker-count");
    var options = Array.prototype.slice.call(picker.querySelectorAll(".picker-option"));
    var texts = options.map(function (option) { return fold(option.textContent); });
    function showCount() {
      var ticked = picker.querySelectorAll("input[type=checkbox]:checked").length;
      var template = ticked === 1 ? picker.dataset.countOne : picker.dataset.countOther;
      count.textContent = (template || "{n}").replace("{n}", ticked);
    }
    function apply() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      options.forEach(function (option, index) {
        var ticked = option.querySelector("input").checked;
        var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        option.hidden = !(ticked || match);
      });
    }
    filter.hidden = false;
    filter.addEventListener("input", apply);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // do not submit the form
    });
    picker.addEventListener("change", showCount);
    showCount();
  }
  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setUp);
  }
  function start() {
    setUpAll();
    // Blocks added later (another member on the registration page) get their filter too.
    new MutationObserver(setUpAll).observe(document.body, { childList: true, subtree: true });
  }
  if (window.arraigoPickerStarted) { return; }
  window.arraigoPickerStarted = true;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
