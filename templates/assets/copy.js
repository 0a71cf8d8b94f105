// Copy buttons for the citations. The buttons are hidden in the HTML and shown only here, so without
// JavaScript the page offers no button that does nothing: the citations stay selectable text.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");

  function say(button, text) {
    var label = button.textContent;
    button.textContent = text;
    if (status) status.textContent = text;
    setTimeout(function () { button.textContent = label; }, 2000);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { say(button, "Copied"); },
          function () { selectText(source); say(button, "Selected: press Ctrl+C to copy"); }
        );
      } else {
        selectText(source);
        say(button, "Selected: press Ctrl+C to copy");
      }
    });
  });
})();
