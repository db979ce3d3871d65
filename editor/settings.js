// Decap CMS waits for editor.js, which first teaches it how the project writes YAML.
window.CMS_MANUAL_INIT = true;
