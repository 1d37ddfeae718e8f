// The print page's button: the browser's own print dialog (the CSP allows no inline handler).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("catalogue-print");
  if (button) button.addEventListener("click", () => window.print());
});
