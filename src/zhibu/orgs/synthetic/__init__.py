"""Synthetic data at scale: universities › schools › branches › groups, filled with members.

`zhibu generate` builds a `SyntheticContext` and, inside one transaction, calls
`<app>.synthetic.generate(ctx)` for every zhibu app that has a `synthetic` module, in
INSTALLED_APPS order. This package is the orgs hook and runs first; it leaves on the context
what later hooks need:

    ctx.university_orgs, ctx.schools, ctx.branches, ctx.groups   saved `Org`s, paths set
    ctx.branch_members[branch_id]    ids of the branch's members
    ctx.branch_secretary[branch_id]  id of the member who is its secretary
    ctx.rng("meetings")              a `random.Random` of its own per app, so that adding an
                                     app never changes the data earlier apps generate
    ctx.progress                     `phase(label, total)` / `advance(n)` on stderr
                                     (a `zhibu.core.progress.Progress`)
    ctx.today, ctx.seed, ctx.batch_size, ctx.extra (a dict for hooks to share anything else)

A hook writes with `bulk_create` in batches of `ctx.batch_size` and must produce rows that
pass the same `full_clean()` and invariants as rows written by its app's services. Per-row
audit entries are not written for synthetic data: each generated university gets one
`import` entry saying what was generated and with which seed.

The modules: `names` (names, places, schools: the data lists), `people` (plausible people and
their party dates, also used by the demo), `context` (the context and the superior bodies the
universities hang under) and `build` (the orgs hook itself).
"""

from zhibu.core.progress import Progress

from .build import generate
from .context import EDUCATION_CODE, MUNICIPAL_CODE, SyntheticContext, ensure_superiors
from .names import AVOIDED_NAMES
from .people import People, add_years, latest_cohort, random_date

__all__ = [
    "AVOIDED_NAMES", "EDUCATION_CODE", "MUNICIPAL_CODE", "People", "Progress", "SyntheticContext", "add_years",
    "ensure_superiors", "generate", "latest_cohort", "random_date",
]
