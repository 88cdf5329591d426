// argmap: the classroom pages' behaviour (loaded by templates/classroom/_head.html, deferred).
// No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // The review's "Total so far" follows the marks as they are typed. A mark that is not a whole
  // number within its criterion's range is left out and flagged; saving checks every mark again.
  function addUp(form) {
    var out = form.querySelector("[data-rubric-total]");
    if (!out) { return; }
    var note = form.querySelector("[data-rubric-note]");
    var sum = 0, marked = false, wrong = false;
    form.querySelectorAll("input.score-input").forEach(function (input) {
      var text = input.value.trim();
      var mark = Number(text);
      var fits = text !== "" && Number.isInteger(mark) && mark >= Number(input.min || 0) &&
        (input.max === "" || mark <= Number(input.max));
      if (fits) {
        sum += mark;
        marked = true;
      } else if (text !== "" || input.validity.badInput) {
        wrong = true;
      }
      if (text === "" && !input.validity.badInput || fits) {
        input.removeAttribute("aria-invalid");
      } else {
        input.setAttribute("aria-invalid", "true");
      }
    });
    out.textContent = marked ? String(sum) : "—";
    if (note) {
      note.hidden = !wrong;
      note.textContent = wrong ? " (a mark out of its range is not counted)" : "";
    }
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest ? event.target.closest("form.review-form") : null;
    if (form) { addUp(form); }
  });
  document.querySelectorAll("form.review-form").forEach(addUp);

  // Saving a review redraws its card in place (the rest of the page stays as it is): the
  // keyboard goes to the first mark refused, or to the message that it is saved.
  document.addEventListener("htmx:after:swap", function () {
    var card = document.getElementById("review");
    if (!card || !card.hasAttribute("data-fresh")) { return; }
    card.removeAttribute("data-fresh");
    var form = card.querySelector("form.review-form");
    if (form) { addUp(form); }
    var target = card.querySelector("[aria-invalid=true]") || document.getElementById("review-saved");
    if (target) { target.focus(); }
  });

  // A link with data-dialog opens that <dialog> instead of its page (the page asks the same
  // question without JavaScript). Escape or "Keep it" closes it, and the keyboard goes back to
  // the link.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest ? event.target.closest("[data-dialog]") : null;
    var dialog = opener && document.getElementById(opener.getAttribute("data-dialog"));
    if (!dialog || !dialog.showModal) { return; }
    event.preventDefault();
    dialog.addEventListener("close", function () { opener.focus(); }, { once: true });
    dialog.showModal();
  });

  // Reviewing a submission: when a statement's panel arrives, bring the panel and its comment
  // box into the window (the panel sits beside the outline in a column as tall as the window,
  // or after the whole outline on a phone), and start it at its top.
  var panel = document.querySelector(".review-map #node-panel");
  if (panel && window.MutationObserver) {
    new MutationObserver(function () {
      panel.scrollTop = 0;
      var aside = panel.closest(".map-aside");
      var box = aside && window.getComputedStyle(aside).position === "sticky" ? aside : panel;
      var rect = box.getBoundingClientRect();
      if (rect.top < 0 || rect.bottom > window.innerHeight) {
        // A sticky column moves only until it sticks: scroll by what it lacks to be in view.
        var by = box === aside ? Math.min(rect.top, rect.bottom - window.innerHeight) : rect.top;
        window.scrollBy(0, by - (box === aside ? 0 : 8));
      }
    }).observe(panel, { childList: true });
  }

  // Peer review: opening a statement's comment box puts the keyboard in it; Escape closes the
  // box that is open and gives the keyboard back to its toggle. After a comment is added the
  // page opens at it (#c-…): the keyboard starts there too.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (box.matches && box.matches("details.comment-box") && box.open) {
      var field = box.querySelector("textarea");
      if (field) { field.focus(); }
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var box = event.target.closest ? event.target.closest("details.comment-box[open]") : null;
    if (box) {
      box.open = false;
      box.querySelector("summary").focus();
    }
  });
  if (/^#c-\d+$/.test(window.location.hash)) {
    var added = document.getElementById(window.location.hash.slice(1));
    if (added) { added.focus(); }
  }
})();
