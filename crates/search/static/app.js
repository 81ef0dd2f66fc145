// Progressive enhancement: entity autocomplete. The page works without this script.
// - "Filter by person": suggestions are person names; submitting adds a person filter.
// - The search box: when the last word typed starts an entity name, suggestions are field queries
//   such as person:"Vladimir Putin" or country:"Ukraine", which search that entity.
(function () {
  "use strict";

  function fetchSuggestions(kind, prefix) {
    var url = "/api/entities?kind=" + encodeURIComponent(kind) + "&prefix=" + encodeURIComponent(prefix) + "&limit=6";
    return fetch(url).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { return data.suggestions; })
      .catch(function () { return []; });
  }

  function fill(list, entries) {
    list.replaceChildren.apply(list, entries.map(function (entry) {
      var option = document.createElement("option");
      option.value = entry.value;
      option.textContent = entry.label;
      return option;
    }));
  }

  function debounce(work) {
    var pending = null;
    return function () {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(work, 120);
    };
  }

  document.querySelectorAll("input[data-kind]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    input.addEventListener("input", debounce(function () {
      var prefix = input.value.trim();
      if (prefix.length < 2 || !list) { return; }
      fetchSuggestions(input.dataset.kind, prefix).then(function (suggestions) {
        fill(list, suggestions.map(function (s) { return { value: s.name, label: s.name + " (" + s.count + ")" }; }));
      });
    }));
  });

  var box = document.getElementById("q");
  var boxList = document.getElementById("q-suggestions");
  if (box && boxList) {
    box.addEventListener("input", debounce(function () {
      var text = box.value;
      var words = text.split(/\s+/);
      var last = words[words.length - 1];
      if (last.length < 2 || last.indexOf(":") >= 0 || last.indexOf("\"") >= 0) { return; }
      var head = text.slice(0, text.length - last.length);
      Promise.all([fetchSuggestions("person", last), fetchSuggestions("country", last)]).then(function (found) {
        var entries = [];
        ["person", "country"].forEach(function (kind, index) {
          found[index].forEach(function (s) {
            entries.push({ value: head + kind + ":\"" + s.name + "\"", label: s.name + " (" + kind + ", " + s.count + ")" });
          });
        });
        fill(boxList, entries);
      });
    }));
  }
})();
