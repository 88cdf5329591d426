// argmap: progress for imports and exports that take more than a second. A big map (thousands
// of statements) takes several seconds to read and save, or to write: after one second the page
// says what is happening and for how long, so that nobody submits twice or gives up.
(function () {
  "use strict";

  function status(box, text) {
    box.hidden = false;
    box.querySelector("[data-transfer-text]").textContent = text;
  }

  function ticking(box, say) {
    var started = Date.now();
    var timer = window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      if (seconds >= 1) { status(box, say(seconds)); }
    }, 250);
    return function () { window.clearInterval(timer); };
  }

  // Import: the form posts as usual (the answer is a page); the status line counts the seconds.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-transfer=import]");
    var box = document.getElementById("transfer-status");
    if (!form || !box) { return; }
    var file = form.querySelector("input[type=file]");
    var size = file && file.files.length ? file.files[0].size : 0;
    var mb = size ? " (" + (size / 1e6).toFixed(1) + " MB)" : "";
    form.querySelector("button[type=submit]").disabled = true;
    ticking(box, function (s) {
      return "Sending and importing the map" + mb + "… " + s + " s. A map of many thousand " +
             "statements takes a few seconds; nothing is saved until all of it has been read.";
    });
  });

  // Export: fetched here, so that the wait and the download can be shown; then saved as a file.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-transfer=export]") : null;
    var box = document.getElementById("transfer-status");
    if (!link || !box || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    var stop = ticking(box, function (s) { return "Writing the file… " + s + " s"; });
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      var total = Number(response.headers.get("Content-Length") || 0);
      var name = (response.headers.get("Content-Disposition") || "").split('filename="')[1];
      var reader = response.body.getReader();
      var parts = [], received = 0;
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return new Blob(parts, { type: response.headers.get("Content-Type") }); }
          parts.push(chunk.value);
          received += chunk.value.length;
          stop();
          status(box, "Downloading… " + (received / 1e6).toFixed(1) + " MB" +
                      (total ? " of " + (total / 1e6).toFixed(1) + " MB" : ""));
          return pump();
        });
      }
      return pump().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var save = document.createElement("a");
        save.href = url;
        save.download = name ? name.replace(/"$/, "") : "map";
        document.body.appendChild(save);
        save.click();
        save.remove();
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        status(box, "Downloaded " + (received / 1e6).toFixed(1) + " MB.");
      });
    }).catch(function () {
      stop();
      window.location.href = link.href;  // let the browser try it its own way
    });
  });
})();
