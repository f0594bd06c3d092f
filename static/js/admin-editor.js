// A concept's "Publiceren" link saves what is in the form first, so an edit
// made just before clicking is what gets published. Without this file the
// link still works; the publish page then shows the saved text's redline.
document.addEventListener("DOMContentLoaded", () => {
  const link = document.getElementById("publish-link");
  const saveAndPublish = document.getElementById("save-and-publish");
  const form = saveAndPublish && saveAndPublish.form;
  if (!link || !form) {
    return;
  }
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  const loaded = snapshot();
  link.addEventListener("click", (event) => {
    if (snapshot() !== loaded) {
      event.preventDefault();
      saveAndPublish.click();
    }
  });
});
