// Shows the result page's "Print this page" button and makes it print.
// Without JavaScript the button stays hidden and the text beside it explains
// how to print with the browser's own command.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
