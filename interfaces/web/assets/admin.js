// TBot web admin: the little script the pages need beyond htmx. Loaded from a file (the CSP allows no inline
// script). Every htmx request already carries the CSRF header (hx-headers on <body>).
(function () {
  'use strict';

  // Focus the first field the server refused, after a full page load and after an htmx swap.
  function focusFirstError(root) {
    var invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid && typeof invalid.focus === 'function') invalid.focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusFirstError(document);
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    focusFirstError(event.target);
  });
})();
