// "Save as PDF / Print" buttons are hidden without JavaScript; with it they show and open the print dialog,
// which prints the page with the theme's print style (A4 or Letter, no navigation).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
