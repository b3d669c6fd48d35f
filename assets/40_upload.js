/* The upload page's transport (issue 12, point 5): the file chosen in or dropped on dcc.Upload
   (#upload-file) goes to POST /api/v1/uploads as a streaming multipart request, with the session's CSRF
   token; these listeners run in the capture phase on the document and stop the event, so dcc.Upload never
   reads the file into base64. The answer (the staged file's id, or the server's message) goes into the
   dcc.Store "upload-transfer"; the page's callback reads the staged file by that id. A file over the limit
   (data-limit of #upload-zone) is not sent at all. */
(function () {
  "use strict";
  var ZONE = "#upload-file";

  function settingsOf() {
    return document.getElementById("upload-zone");
  }

  function deliver(data) {
    data.at = Date.now();
    window.dash_clientside.set_props("upload-transfer", {data: data});
  }

  function send(file) {
    var zone = settingsOf();
    if (!zone) { return; }
    var status = document.getElementById("upload-progress");
    var limit = parseInt(zone.getAttribute("data-limit") || "0", 10);
    if (limit && file.size > limit) {
      deliver({status: 413, name: file.name, bytes: file.size, too_big: true});
      return;
    }
    if (status) { status.textContent = zone.getAttribute("data-sending") || ""; }
    var form = new FormData();
    form.append("file", file, file.name);
    fetch("/api/v1/uploads", {method: "POST", body: form, credentials: "same-origin",
                              headers: {"X-CSRF-Token": zone.getAttribute("data-csrf") || ""}})
      .then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          body.status = resp.status;
          body.name = body.name || file.name;
          body.bytes = body.bytes || file.size;
          return body;
        });
      })
      .catch(function () { return {status: 0, name: file.name, bytes: file.size}; })
      .then(function (body) {
        if (status) { status.textContent = ""; }
        deliver(body);
      });
  }

  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input || !input.matches || !input.matches(ZONE + " input[type=file]")) { return; }
    ev.stopImmediatePropagation();  /* dcc.Upload (React, listening lower down) never sees it */
    var file = input.files && input.files[0];
    if (file) { send(file); }
    input.value = "";  /* choosing the same file again is a new upload */
  }, true);
  document.addEventListener("drop", function (ev) {
    if (!(ev.target.closest && ev.target.closest(ZONE))) { return; }
    ev.preventDefault();
    ev.stopImmediatePropagation();
    var file = ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files[0];
    if (file) { send(file); }
  }, true);
})();
