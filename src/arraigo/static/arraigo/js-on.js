// Loaded at once in <head> (not deferred): marks that scripts run before the page is drawn,
// so styles for the enhanced page apply from the start (app.css: .js).
document.documentElement.classList.add("js");
