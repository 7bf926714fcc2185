// Sphinx's Swedish catalog has the plural rule "(n != 1)", which gives true or false;
// doctools.js picks the plural form with it as an array index, finds nothing, and the
// search page stops with a TypeError instead of saying how many pages it found.
// Make the rule give 0 or 1, whether this runs before or after translations.js.
(() => {
  // doctools.js declares Documentation with const: a global, but not on window.
  if (typeof Documentation === "undefined") return;
  const docs = Documentation;
  const numeric = () => {
    const rule = docs.PLURAL_EXPR;
    docs.PLURAL_EXPR = (n) => Number(rule(n));
  };
  const addTranslations = docs.addTranslations;
  docs.addTranslations = (catalog) => {
    addTranslations(catalog);
    numeric();
  };
  numeric();
})();
