// A concept's "Publiceren" link saves what is in the form first, so an edit
// made just before clicking is what gets published. Without this file the
// link still works; the publish page then shows the saved text's redline.
document.addEventListener("DOMContentLoaded", () => {
  const link = document.getElementById("publish-link");
  const body = document.getElementById("id_body");
  const saveAndPublish = document.getElementById("save-and-publish");
  if (!link || !body || !saveAndPublish) {
    return;
  }
  link.addEventListener("click", (event) => {
    if (body.value !== body.defaultValue) {
      event.preventDefault();
      saveAndPublish.click();
    }
  });
});
