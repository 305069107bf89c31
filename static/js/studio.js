/* Studio pages: drag-and-drop uploads, live progress polling, presets, print. No dependencies. */
(function () {
  "use strict";

  function clock(seconds) {
    if (seconds === null || seconds === undefined) return "";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // Drag and drop onto a zone fills the form's file input; the gallery uploads at once.
  document.querySelectorAll("form[data-dropzone]").forEach(function (form) {
    var zone = form.querySelector("[data-dropzone-target]");
    var input = form.querySelector("input[type=file]");
    var status = form.querySelector(".upload-status");
    if (!zone || !input) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      if (status) status.textContent = "Selected " + input.files[0].name + ".";
      if (form.dataset.dropzone === "auto") {
        if (status) status.textContent = "Uploading " + input.files[0].name + "…";
        form.requestSubmit();
      }
    });
    input.addEventListener("change", function () {
      if (status && input.files.length) status.textContent = "Selected " + input.files[0].name + ".";
    });
  });

  function poll(url, render) {
    var timer = setInterval(function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && render(data)) { clearInterval(timer); window.location.reload(); }
        })
        .catch(function () { /* keep polling through a network blip */ });
    }, 1000);
  }

  // A running render: step n of N, elapsed and estimated remaining time; reload when it ends.
  document.querySelectorAll("[data-poll-job]").forEach(function (box) {
    var bar = box.querySelector("[data-job-bar]"), text = box.querySelector("[data-job-status]");
    var badge = document.querySelector("[data-job-badge]");
    var polls = 0;
    poll(box.dataset.pollJob, function (job) {
      box.dataset.polls = ++polls;
      bar.value = job.progress;
      var parts = [job.cancel_requested ? "Cancelling at the next denoising step…" : (job.message || job.status_label)];
      if (job.total_steps) parts.push("step " + job.current_step + " of " + job.total_steps);
      if (job.elapsed_seconds !== null) parts.push(clock(job.elapsed_seconds) + " elapsed");
      if (job.remaining_seconds !== null) parts.push("about " + clock(job.remaining_seconds) + " left");
      text.textContent = parts.join(" · ");
      if (badge) { badge.textContent = job.status_label; badge.className = "badge " + job.status; }
      return job.terminal;
    });
  });

  document.querySelectorAll("[data-poll-motion]").forEach(function (box) {
    var bar = box.querySelector("progress"), text = box.querySelector("[data-motion-status]");
    poll(box.dataset.pollMotion, function (motion) {
      bar.value = motion.progress;
      text.textContent = motion.progress + " % done";
      return motion.status !== "processing";
    });
  });

  // Presets show their values as placeholders; typed values still win.
  var presetData = document.getElementById("presets");
  if (presetData) {
    var presets = JSON.parse(presetData.textContent);
    var show = function (name) {
      Object.keys(presets[name] || {}).forEach(function (field) {
        var input = document.getElementById("id_" + field);
        if (input) input.placeholder = presets[name][field];
      });
    };
    var estimate = document.querySelector("[data-estimate]");
    var perUnit = estimate ? parseFloat(estimate.dataset.secondsPerUnit) : NaN;
    var value = function (field) {
      var input = document.getElementById("id_" + field);
      return input ? parseFloat(input.value || input.placeholder) : NaN;
    };
    var updateEstimate = function () {
      if (!estimate || !(perUnit > 0)) return;
      var units = value("frames") * value("steps") * value("width") * value("height") / 1e6;
      if (!(units > 0)) return;
      estimate.textContent = "Estimated time on this studio's workers: about " + clock(Math.round(units * perUnit)) +
        " (measured from recent renders). Cancelling takes effect at the next denoising step.";
    };
    document.querySelectorAll("input[name=preset]").forEach(function (radio) {
      radio.addEventListener("change", function () { show(radio.value); updateEstimate(); });
      if (radio.checked) show(radio.value);
    });
    document.querySelectorAll("[data-param]").forEach(function (input) {
      input.addEventListener("input", updateEstimate);
    });
    updateEstimate();
  }

  // Destructive actions ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
