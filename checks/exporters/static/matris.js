/* Spårbarhetsmatrisen (lis): filter the rows by text, coverage and source, in the page.
 * The table is complete without this script; the controls stay hidden until it runs. */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").toLocaleLowerCase("sv").replace(/\s+/g, " ").trim();
  }

  function setUp(root) {
    var form = root.querySelector(".matris-filter");
    var table = root.querySelector("table.matris-rows");
    if (!form || !table) {
      return;
    }
    var query = form.querySelector("input[type=search]");
    var coverage = form.querySelector("select[name=coverage]");
    var source = form.querySelector("select[name=source]");
    var count = root.querySelector(".matris-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) {
      return normalise(row.textContent);
    });

    function apply() {
      var terms = normalise(query.value).split(" ").filter(Boolean);
      var state = coverage ? coverage.value : "";
      var src = source ? source.value : "";
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible =
          (!state || row.getAttribute("data-coverage") === state) &&
          (!src || row.getAttribute("data-source") === src) &&
          terms.every(function (term) {
            return texts[index].indexOf(term) !== -1;
          });
        row.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = "Visar " + shown + " av " + rows.length + " krav.";
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.hidden = false;
    if (count) {
      count.hidden = false;
    }
    apply();
  }

  function start() {
    var roots = document.querySelectorAll("[data-matris]");
    Array.prototype.forEach.call(roots, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
