// Behaviour the Content Security Policy keeps out of the HTML (no inline handlers): a select marked
// data-autosubmit sends its form as soon as a choice is made.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});

// In a form marked data-checkbox-enter-stays, Enter on a checkbox (a clerk ticking missing materials) must not
// send the whole decision form before the list is complete.
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (event.key === "Enter" && box.type === "checkbox" && box.closest("form[data-checkbox-enter-stays]")) {
    event.preventDefault();
  }
});
