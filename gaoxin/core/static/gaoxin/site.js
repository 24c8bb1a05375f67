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

// A decision form's materials (补正, 退回补充), each with its own reason: ticking one makes its reason required and
// puts the cursor there; typing a reason ticks its material. The server checks the reasons all the same.
document.addEventListener("change", (event) => {
  const row = event.target.closest("[data-correction-row]");
  if (!row || event.target.type !== "checkbox") return;
  const reason = row.querySelector("textarea");
  reason.required = event.target.checked;
  if (event.target.checked && !reason.value.trim()) reason.focus();
});
document.addEventListener("input", (event) => {
  const row = event.target.closest("[data-correction-row]");
  if (!row || event.target.tagName !== "TEXTAREA" || !event.target.value.trim()) return;
  row.querySelector("input[type=checkbox]").checked = true;
  event.target.required = true;
});

// A repeatable table of a form (股东及出资, 印章): "添加一行" copies the last row empty, with the next row number in
// its input names (name-<row>-column), so the server reads the rows in order; "删除此行" keeps at least one.
document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-row]");
  const remove = event.target.closest("[data-remove-row]");
  if (!add && !remove) return;
  const table = (add || remove).closest("[data-rows]");
  const rows = table.querySelectorAll("[data-row]");
  if (remove) {
    if (rows.length > 1) remove.closest("[data-row]").remove();
    return;
  }
  const last = rows[rows.length - 1];
  const copy = last.cloneNode(true);
  const name = table.dataset.rows;
  const next = Math.max(...[...rows].map((row) => Number(row.querySelector("[name]").name.split("-").at(-2)))) + 1;
  copy.querySelectorAll(".error").forEach((error) => error.remove());
  copy.querySelectorAll(".invalid").forEach((cell) => cell.classList.remove("invalid"));
  copy.querySelectorAll("[name]").forEach((input) => {
    const column = input.name.split("-").at(-1);
    input.name = `${name}-${next}-${column}`;
    input.id = `id_${input.name}`;
    input.value = "";
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    input.previousElementSibling.htmlFor = input.id;
  });
  last.after(copy);
  copy.querySelector("[name]").focus();
});

// A refused decision's message can sit below the fold (the window's and the desks' decision forms close long pages):
// the first one a page came back with is brought into view and focused — the message itself, or the field it is
// about (whose description the message is, so a screen reader reads it) — instead of a page that seems to have done
// nothing.
document.addEventListener("DOMContentLoaded", () => {
  const refusal =
    document.querySelector("main .error[role=alert], main .conflict[role=alert]") ||
    document.querySelector("main form [aria-invalid=true]");
  if (!refusal) return;
  if (!refusal.matches("input, textarea, select")) refusal.tabIndex = -1;
  refusal.scrollIntoView({ block: "center" });
  refusal.focus({ preventScroll: true });
});

// A resident ID's last character may be X, which a phone's numeric keypad lacks: each ID box gets an X key beside it,
// also when htmx brings the field back from its check.
function addIdNumberKeys(root) {
  root.querySelectorAll("input[data-id-number]").forEach((input) => {
    if (input.parentElement.classList.contains("id-number-row")) return;
    const key = document.createElement("button");
    key.type = "button";
    key.className = "id-x-key";
    key.textContent = "X";
    key.setAttribute("aria-label", input.dataset.idNumber);
    // Pressing the key must not take the focus from the box: a blur would send the half-typed number to be checked.
    key.addEventListener("pointerdown", (event) => event.preventDefault());
    key.addEventListener("click", () => {
      input.value = `${input.value.replace(/x$/i, "")}X`;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    const row = document.createElement("span");
    row.className = "id-number-row";
    input.replaceWith(row);
    row.append(input, key);
  });
}
document.addEventListener("DOMContentLoaded", () => addIdNumberKeys(document));
document.addEventListener("htmx:load", (event) => addIdNumberKeys(event.target));
