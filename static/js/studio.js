/* Studio pages: drag-and-drop uploads, live progress polling, presets, print. No dependencies. */
(function () {
  "use strict";

  function clock(seconds) {
    if (seconds === null || seconds === undefined) return "";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // An estimate in words, as the approximate_duration template filter writes it.
  function roughly(seconds) {
    if (seconds < 60) return "about " + seconds + " s";
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return "about " + minutes + " min";
    var rest = minutes % 60;
    return "about " + Math.floor(minutes / 60) + " h " + (rest < 10 ? "0" : "") + rest + " min";
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
      estimate.textContent = "Estimated time on this studio's workers: " + roughly(Math.round(units * perUnit)) +
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

  // A deliverable's type must be priced on the chosen persona's rate card: say so at once.
  document.querySelectorAll("select[data-priced-types]").forEach(function (typeSelect) {
    var priced = JSON.parse(typeSelect.dataset.pricedTypes);
    var personaSelect = typeSelect.form && typeSelect.form.querySelector("select[name=persona]");
    if (!personaSelect) return;
    var note = document.createElement("p");
    note.className = "field-error";
    note.setAttribute("role", "alert");
    note.id = typeSelect.id + "_pricing";
    typeSelect.insertAdjacentElement("afterend", note);
    var check = function () {
      var persona = personaSelect.value, types = priced[persona] || [];
      var name = personaSelect.options[personaSelect.selectedIndex].text;
      Array.prototype.forEach.call(typeSelect.options, function (option) {
        option.textContent = option.textContent.replace(/ \(no price\)$/, "");
        if (persona && types.indexOf(option.value) < 0) option.textContent += " (no price)";
      });
      if (!persona) { note.textContent = ""; return; }
      if (!types.length) {
        note.textContent = name + " has no rate card prices yet: add them to the rate card first.";
      } else if (types.indexOf(typeSelect.value) < 0) {
        note.textContent = name + "'s rate card has no price for " +
          typeSelect.options[typeSelect.selectedIndex].text.replace(/ \(no price\)$/, "") + ".";
      } else {
        note.textContent = "";
      }
    };
    personaSelect.addEventListener("change", check);
    typeSelect.addEventListener("change", check);
    check();
  });

  // Board: drag a card onto a column it may move to; the card's own form posts the move, so the
  // keyboard path (the "Move to" select and button) and the mouse path are the same request.
  var board = document.querySelector("[data-board]");
  if (board) {
    var dragged = null;
    board.querySelectorAll("[data-card]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        dragged = card;
        card.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.dataset.card);
        var allowed = card.dataset.allowed.split(" ");
        board.querySelectorAll("[data-column]").forEach(function (column) {
          if (allowed.indexOf(column.dataset.column) >= 0) column.classList.add("drop-ok");
        });
      });
      card.addEventListener("dragend", function () {
        card.classList.remove("dragging");
        board.querySelectorAll(".drop-ok, .over").forEach(function (column) {
          column.classList.remove("drop-ok", "over");
        });
        dragged = null;
      });
    });
    board.querySelectorAll("[data-column]").forEach(function (column) {
      var accepts = function () {
        return dragged && dragged.dataset.allowed.split(" ").indexOf(column.dataset.column) >= 0;
      };
      column.addEventListener("dragover", function (event) {
        if (!accepts()) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        column.classList.add("over");
      });
      column.addEventListener("dragleave", function () { column.classList.remove("over"); });
      column.addEventListener("drop", function (event) {
        if (!accepts()) return;
        event.preventDefault();
        var form = dragged.querySelector("form[data-move]");
        form.querySelector("select[name=to_status]").value = column.dataset.column;
        form.requestSubmit();
      });
    });
  }

  // Calendar: drag a post no scheduler has taken onto another day; the card's own "Move to" form
  // posts it, so the keyboard path and the mouse path are one request.
  var calendar = document.querySelector("[data-calendar]");
  if (calendar) {
    var moving = null;
    calendar.querySelectorAll("[data-pub]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        moving = card;
        card.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        calendar.querySelectorAll("[data-day]").forEach(function (cell) { cell.classList.add("drop-ok"); });
      });
      card.addEventListener("dragend", function () {
        card.classList.remove("dragging");
        calendar.querySelectorAll(".drop-ok, .over").forEach(function (cell) { cell.classList.remove("drop-ok", "over"); });
        moving = null;
      });
    });
    calendar.querySelectorAll("[data-day]").forEach(function (cell) {
      cell.addEventListener("dragover", function (event) {
        if (!moving) return;
        event.preventDefault();
        cell.classList.add("over");
      });
      cell.addEventListener("dragleave", function () { cell.classList.remove("over"); });
      cell.addEventListener("drop", function (event) {
        if (!moving) return;
        event.preventDefault();
        var form = moving.querySelector("form[data-move]");
        form.querySelector("input[name=day]").value = cell.dataset.day;
        form.requestSubmit();
      });
    });
  }

  // Review comments pinned to a moment: the pin button or the C key takes the player's time (and
  // version); "draw a box" lets the reviewer drag a rectangle on the paused frame; a comment's
  // timecode button seeks its version there and outlines the box.
  var commentForm = document.querySelector("[data-comment-form]");
  var reviewVideos = document.querySelectorAll("[data-review-video]");
  if (commentForm && reviewVideos.length) {
    var tools = commentForm.querySelector("[data-pin-tools]");
    var timeInput = commentForm.querySelector("[data-timecode]");
    var versionInput = commentForm.querySelector("[data-version]");
    var regionInput = commentForm.querySelector("[data-region]");
    var status = commentForm.querySelector("[data-pin-status]");
    var body = commentForm.querySelector("textarea[name=body]");
    var current = reviewVideos[reviewVideos.length - 1];
    tools.hidden = false;
    var label = function (seconds) {
      var m = Math.floor(seconds / 60), s = seconds - 60 * m;
      return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s.toFixed(1);
    };
    var pin = function (video) {
      current = video;
      timeInput.value = video.currentTime.toFixed(2);
      versionInput.value = video.dataset.version;
      status.textContent = "Pinned to version " + video.dataset.versionNumber + " at " + label(video.currentTime) + ".";
    };
    reviewVideos.forEach(function (video) {
      video.addEventListener("play", function () { current = video; });
      video.addEventListener("keydown", function (event) {
        if (event.key === "c" || event.key === "C") {
          event.preventDefault();
          video.pause();
          pin(video);
          body.focus();
        }
      });
    });
    commentForm.querySelector("[data-pin]").addEventListener("click", function () { pin(current); });
    timeInput.addEventListener("input", function () { versionInput.value = current.dataset.version; });

    var drawButton = commentForm.querySelector("[data-draw]");
    drawButton.addEventListener("click", function () {
      var player = current.closest("[data-player]");
      current.pause();
      pin(current);
      var layer = player.querySelector(".draw-layer") || document.createElement("div");
      layer.className = "draw-layer";
      layer.setAttribute("role", "application");
      layer.setAttribute("aria-label", "Drag to draw a box on the frame");
      player.appendChild(layer);
      player.scrollIntoView({ block: "center" });
      drawButton.setAttribute("aria-pressed", "true");
      var start = null, box = null;
      var fraction = function (event) {
        var r = layer.getBoundingClientRect();
        return [Math.min(Math.max((event.clientX - r.left) / r.width, 0), 1),
                Math.min(Math.max((event.clientY - r.top) / r.height, 0), 1)];
      };
      layer.onpointerdown = function (event) {
        start = fraction(event);
        layer.setPointerCapture(event.pointerId);
        box = layer.querySelector(".region") || document.createElement("span");
        box.className = "region";
        layer.appendChild(box);
      };
      layer.onpointermove = function (event) {
        if (!start) return;
        var end = fraction(event);
        var x = Math.min(start[0], end[0]), y = Math.min(start[1], end[1]);
        var w = Math.abs(end[0] - start[0]), h = Math.abs(end[1] - start[1]);
        box.style.left = 100 * x + "%"; box.style.top = 100 * y + "%";
        box.style.width = 100 * w + "%"; box.style.height = 100 * h + "%";
        box.dataset.value = [x, y, w, h].map(function (v) { return v.toFixed(4); }).join(",");
      };
      layer.onpointerup = function () {
        start = null;
        if (box && box.dataset.value && box.style.width !== "0%") {
          regionInput.value = box.dataset.value;
          status.textContent += " A box is drawn.";
        }
        drawButton.setAttribute("aria-pressed", "false");
        layer.classList.add("shown");  // the box stays; the player's controls work again
        body.focus();
      };
    });
  }
  document.querySelectorAll("[data-seek]").forEach(function (button) {
    button.addEventListener("click", function () {
      var video = document.querySelector('[data-review-video][data-version="' + button.dataset.seekVersion + '"]');
      if (!video) return;
      var player = video.closest("[data-player]");
      video.pause();
      video.currentTime = parseFloat(button.dataset.seek);
      player.querySelectorAll(".draw-layer").forEach(function (layer) { layer.remove(); });
      if (button.dataset.seekRegion) {
        var parts = button.dataset.seekRegion.split(",").map(parseFloat);
        var layer = document.createElement("div");
        layer.className = "draw-layer shown";
        var box = document.createElement("span");
        box.className = "region";
        box.style.left = 100 * parts[0] + "%"; box.style.top = 100 * parts[1] + "%";
        box.style.width = 100 * parts[2] + "%"; box.style.height = 100 * parts[3] + "%";
        layer.appendChild(box);
        player.appendChild(layer);
        video.addEventListener("play", function () { layer.remove(); }, { once: true });
      }
      video.scrollIntoView({ block: "center" });
      video.focus();
    });
  });

  // The backend picker shows only the chosen model's parameters (the server sends only those, too).
  var backendRadios = document.querySelectorAll("input[name=backend]");
  if (backendRadios.length) {
    var showBackend = function () {
      var chosen = document.querySelector("input[name=backend]:checked");
      var name = chosen ? chosen.value : backendRadios[0].value;
      document.querySelectorAll("[data-backends]").forEach(function (input) {
        var field = input.closest(".field") || input;
        field.hidden = input.dataset.backends.split(" ").indexOf(name) < 0;
      });
      document.querySelectorAll(".param-grid").forEach(function (grid) {
        var visible = grid.querySelector(".field:not([hidden])");
        grid.hidden = !visible;
        if (grid.previousElementSibling) grid.previousElementSibling.hidden = !visible;
      });
    };
    backendRadios.forEach(function (radio) { radio.addEventListener("change", showBackend); });
    showBackend();
  }

  // Destructive actions ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // A single dangerous button inside a form of several (cancel among the status moves).
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

// "Cancel" on a form goes back where the user came from (its href is the fallback without history).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-back]");
  if (link && window.history.length > 1 && document.referrer.startsWith(window.location.origin)) {
    event.preventDefault();
    window.history.back();
  }
});
