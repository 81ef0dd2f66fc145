// Progressive enhancement: entity autocomplete for the "Filter by person" box.
// The page works without this script; it only fills the <datalist> from /api/entities.
(function () {
  "use strict";
  document.querySelectorAll("input[data-kind]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var pending = null;
    input.addEventListener("input", function () {
      var prefix = input.value.trim();
      if (pending) { clearTimeout(pending); }
      if (prefix.length < 2 || !list) { return; }
      pending = setTimeout(function () {
        var url = "/api/entities?kind=" + encodeURIComponent(input.dataset.kind) + "&prefix=" + encodeURIComponent(prefix);
        fetch(url).then(function (r) { return r.ok ? r.json() : { suggestions: [] }; }).then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (s) {
            var option = document.createElement("option");
            option.value = s.name;
            option.textContent = s.name + " (" + s.count + ")";
            return option;
          }));
        }).catch(function () {});
      }, 120);
    });
  });
})();
