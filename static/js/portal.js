// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The table of contents is folded on phones and open beside the text on
  // wide screens.
  if (window.matchMedia("(min-width: 60rem)").matches) {
    for (const details of document.querySelectorAll("details[data-open-wide]")) {
      details.open = true;
    }
  }
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // A refused form opens on its error summary, so a screen reader reads it
  // and the keyboard starts there.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
  // Files chosen but not yet sent can be taken off one by one.
  for (const input of document.querySelectorAll("input[type=file][data-removable]")) {
    const list = document.getElementById(input.dataset.removable);
    const show = () => {
      list.replaceChildren();
      list.hidden = input.files.length === 0;
      Array.from(input.files).forEach((file, index) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.textContent = input.dataset.removeLabel;
        button.setAttribute("aria-label", `${input.dataset.removeLabel}: ${file.name}`);
        button.addEventListener("click", () => {
          const kept = new DataTransfer();
          Array.from(input.files).forEach((other, i) => {
            if (i !== index) kept.items.add(other);
          });
          input.files = kept.files;
          show();
          input.focus();
        });
        item.append(`${file.name} `, button);
        list.append(item);
      });
    };
    input.addEventListener("change", show);
  }
});
