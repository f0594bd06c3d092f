// Triage in the admin: show the answer, reason and question boxes only when
// the chosen status needs them, and put a standard answer into the answer.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("id_status");
  const rows = {
    answer: document.querySelector(".form-row.field-answer"),
    closing_reason: document.querySelector(".form-row.field-closing_reason"),
    question: document.querySelector(".form-row.field-question"),
  };
  const applies = {
    answer: ["in_behandeling", "afgehandeld"],
    closing_reason: ["geen_actie"],
    question: ["wacht_op_melder"],
  };
  const update = () => {
    for (const [name, row] of Object.entries(rows)) {
      if (!row) continue;
      const field = row.querySelector("textarea");
      const filled = field && field.value.trim() !== "";
      const hasError = row.classList.contains("errors");
      row.hidden = !(applies[name].includes(status.value) || filled || hasError);
    }
  };
  if (status) {
    status.addEventListener("change", update);
    update();
  }
  // "Vraag stellen aan melder": one click sets the status and opens the box.
  const ask = document.querySelector("[data-ask-reporter]");
  if (ask && status && rows.question) {
    ask.addEventListener("click", (event) => {
      event.preventDefault();
      status.value = ask.dataset.askReporter;
      update();
      const field = rows.question.querySelector("textarea");
      rows.question.scrollIntoView({ block: "center" });
      field.focus();
    });
  }
  for (const button of document.querySelectorAll("[data-insert-answer]")) {
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.target);
      const text = button.dataset.insertAnswer;
      target.value = target.value.trim() ? `${target.value.trimEnd()}\n\n${text}` : text;
      target.focus();
    });
  }
});
