// bipkiosk: suggestions as the user types in the search box (bk-suggest).
// Progressive enhancement only: without this file the box is a plain GET form
// to /szukaj. The field becomes an ARIA 1.2 combobox with a listbox popup:
// arrows move through the options, Enter opens one, Escape closes the list,
// and a polite status says how many there are.
(function () {
  "use strict";

  var minChars = 2;
  var delay = 200;

  function initSuggest(form) {
    var input = form.querySelector("input[name=q]");
    var label = form.querySelector("label");
    if (!input || typeof window.fetch !== "function") {
      return;
    }
    var list = document.createElement("ul");
    list.id = "bk-suggest-list";
    list.className = "bk-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label ? label.textContent : "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "bk-visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null;
    var active = -1;
    var results = [];
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      var options = list.children;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = i;
      if (i < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
    }

    function show(data) {
      results = data.results || [];
      list.textContent = "";
      active = -1;
      for (var i = 0; i < results.length; i++) {
        var li = document.createElement("li");
        li.id = "bk-suggest-opt-" + i;
        li.className = "bk-suggest__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-index", String(i));
        li.textContent = results[i].title;
        list.appendChild(li);
      }
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = (form.getAttribute("data-status") || "%d").replace("%d", String(results.length));
    }

    function ask() {
      var q = input.value;
      if (q.trim().length < minChars) {
        close();
        status.textContent = "";
        return;
      }
      asked = q;
      fetch("/api/search?prefix=1&limit=6&q=" + encodeURIComponent(q))
        .then(function (response) {
          if (!response.ok) {
            throw new Error("search " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (input.value === asked) {
            show(data);
          }
        })
        .catch(close);
    }

    function go(i) {
      if (results[i]) {
        window.location.href = results[i].path;
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, delay);
    });
    input.addEventListener("keydown", function (event) {
      var n = list.children.length;
      switch (event.key) {
        case "ArrowDown":
          if (n > 0) {
            event.preventDefault();
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            select((active + 1) % n);
          }
          break;
        case "ArrowUp":
          if (n > 0) {
            event.preventDefault();
            select(active <= 0 ? n - 1 : active - 1);
          }
          break;
        case "Enter":
          if (active >= 0 && !list.hidden) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          }
          break;
      }
    });
    input.addEventListener("blur", close);
    // mousedown would blur the field before the click lands on an option.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var li = event.target.closest(".bk-suggest__option");
      if (li) {
        go(Number(li.getAttribute("data-index")));
      }
    });
  }

  window.bkModule("bk-suggest", initSuggest);
})();
