"""Ledningens genomgång as a yearly cycle: the model behind ``lis review`` and the review pages.

- :mod:`checks.review.model`: which review follows which, its decisions, its folder;
- :mod:`checks.review.sections`: the data sections (ISO/IEC 27001 9.3.2 a–g, 9.3.3)
  computed from the needs, pure functions;
- :mod:`checks.review.changes`: requirement changes since the previous review;
- :mod:`checks.review.snapshot`: the frozen figures of a fastställd review (JSON);
- :mod:`checks.review.markers`: the previous year's text a draft still carries;
- :mod:`checks.review.draft` and :mod:`checks.review.close`: the editing commands' file work.
"""
