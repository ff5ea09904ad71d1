// Progressive enhancement of the case form's choosers (the form works without it): choosing an
// enforcement item presses the "Choose grade" button, so the item's grades appear at once.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.dataset.refresh || !select.form) return;
  var button = select.form.querySelector('[data-refresh-button="' + select.dataset.refresh + '"]');
  if (button) button.click();
});
