// arraigo: small enhancements every page shares. Each page works without them.
(function () {
  "use strict";

  // The phone menu: a real button that says whether the menu is open (without JavaScript
  // the menu is simply always shown, see app.css).
  function setUpMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // The text of the heading that comes last before `element` in the page, or "".
  function headingBefore(element) {
    var headings = document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6");
    var found = "";
    for (var i = 0; i < headings.length; i++) {
      var position = headings[i].compareDocumentPosition(element);
      if (position & Node.DOCUMENT_POSITION_FOLLOWING) found = headings[i].textContent;
      else break;
    }
    return found.replace(/\s+/g, " ").trim();
  }

  // Every table scrolls inside its own box, which a keyboard can reach (to scroll it) and
  // which is named after the table's caption or the heading above it.
  function setUpTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var box = table.parentElement;
      if (!box.classList.contains("table-wrap")) {
        box = document.createElement("div");
        box.className = "table-wrap";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (box.hasAttribute("tabindex")) continue;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        var caption = table.caption ? table.caption.textContent.replace(/\s+/g, " ").trim() : "";
        box.setAttribute("aria-label", caption || headingBefore(box) || document.title);
      }
    }
  }

  function start() {
    setUpMenu();
    setUpTables();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
