// argmap: statement pickers that search (the ARIA 1.2 combobox pattern). The server filters
// (maps:statement-search), so a picker stays quick on a map of 10,000 statements; each option
// shows the statement's kind and full text. Without JavaScript the typed words are sent and
// the server picks the one statement they name (argmap/maps/widgets.py).
(function () {
  "use strict";

  var timers = new WeakMap();

  function parts(input) {
    var box = input.closest("[data-combobox]");
    return {
      box: box,
      list: document.getElementById(input.getAttribute("aria-controls")),
      value: box.querySelector("[data-combobox-value]"),
      multiple: box.hasAttribute("data-multiple")
    };
  }

  function options(list) { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }

  function open(input, yes) {
    var p = parts(input);
    if (!p.list) { return; } // the form has gone meanwhile (saved, or closed)
    p.list.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) { input.removeAttribute("aria-activedescendant"); }
  }

  function activate(input, option) {
    var p = parts(input);
    options(p.list).forEach(function (o) {
      var on = o === option;
      o.setAttribute("aria-selected", on ? "true" : "false");
      o.classList.toggle("active", on);
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function search(input) {
    var p = parts(input);
    var exclude = (input.getAttribute("data-exclude") || "").split(",").filter(Boolean);
    p.box.querySelectorAll(".chip").forEach(function (chip) { exclude.push(chip.getAttribute("data-pk")); });
    var url = input.getAttribute("data-search-url") + "?q=" + encodeURIComponent(input.value.replace(/^[A-Z][a-z]+: /, "")) +
      "&exclude=" + exclude.join(",");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        p.list.innerHTML = html; // the server's template escapes every statement's text
        open(input, true);
        activate(input, options(p.list)[0] || null);
      })
      .catch(function () { open(input, false); });
  }

  function choose(input, option) {
    var p = parts(input);
    if (!option) { return; }
    var pk = option.getAttribute("data-pk"), label = option.getAttribute("data-label");
    if (p.multiple) {
      var chips = p.box.querySelector(".chips");
      if (!chips.querySelector('[data-pk="' + pk + '"]')) {
        var chip = document.createElement("li");
        chip.className = "chip";
        chip.setAttribute("data-pk", pk);
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = input.name.replace(/_search$/, "");
        hidden.value = pk;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip-remove";
        remove.setAttribute("aria-label", "Remove “" + label + "”");
        remove.textContent = "×";
        chip.append(hidden, document.createTextNode(label), remove);
        chips.appendChild(chip);
      }
      input.value = "";
    } else {
      p.value.value = pk;
      input.value = label;
    }
    open(input, false);
    input.dispatchEvent(new CustomEvent("argmap:chosen", { bubbles: true, detail: { pk: pk } }));
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-combobox] [role=combobox]")) { return; }
    var p = parts(input);
    if (!p.multiple && p.value) { p.value.value = ""; } // typing anew: nothing is chosen yet
    window.clearTimeout(timers.get(input));
    timers.set(input, window.setTimeout(function () { search(input); }, 150));
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-combobox] [role=combobox]")) { return; }
    var p = parts(input), shown = !p.list.hidden, all = options(p.list);
    var active = p.list.querySelector("[role=option].active");
    var at = all.indexOf(active);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!shown) { search(input); return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(input, all[(at + step + all.length) % all.length] || null);
    } else if (event.key === "Enter" && shown) {
      event.preventDefault();
      choose(input, active);
    } else if (event.key === "Escape" && shown) {
      event.preventDefault();
      event.stopPropagation(); // close the list, not the form
      open(input, false);
    }
  }, true);

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest ? event.target.closest("[data-combobox] [role=option]") : null;
    if (!option) { return; }
    event.preventDefault(); // keep the focus in the box
    var input = option.closest("[data-combobox]").querySelector("[role=combobox]");
    choose(input, option);
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-combobox] [role=combobox]")) { return; }
    window.setTimeout(function () {
      if (input.isConnected && document.activeElement !== input) { open(input, false); }
    }, 150);
  });

  document.addEventListener("click", function (event) {
    var remove = event.target.closest ? event.target.closest(".chip-remove") : null;
    if (!remove) { return; }
    var box = remove.closest("[data-combobox]");
    remove.closest(".chip").remove();
    box.querySelector("[role=combobox]").focus();
  });
})();
