// The household registration form: "Add another member" adds a member block in the page.
// Without JavaScript the button asks the server for one more block.
(function () {
  "use strict";
  var button = document.getElementById("add-member");
  if (!button) return;
  button.addEventListener("click", function (event) {
    var total = document.getElementById("id_members-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    var html = document.getElementById("member-template").innerHTML.replace(/__prefix__/g, index);
    document.getElementById("members").insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    event.preventDefault();
  });
})();
