"""Demo data and the data generator.

These sit at the top of the dependency graph (they build organizations, members and users through every
app), so nothing in ``apps`` imports them: only the management commands ``demo_data``, ``demo_logins`` and
``generate_data``, the benchmarks and the tests do.

* :mod:`apps.core.demo.story`: the demo, the committee of the source article from its two predecessors to
  its end in 2025, built through the real services so the audit trail and derived tables are right;
* :mod:`apps.core.demo.logins`: the demo users, their passwords and what each one can see;
* :mod:`apps.core.demo.generator`: province- and country-size data for benchmarks, loaded in bulk;
* :mod:`apps.core.demo.people`: synthetic Vietnamese, Khmer and Hoa names and valid citizen IDs.

Every person in them is invented; the one real name is the Secretary the article names, in that post.
"""
