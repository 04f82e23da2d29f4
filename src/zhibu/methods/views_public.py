"""The public case library moved to `publishing` (/cases/ serves the signed case write-ups). These
redirects keep the `methods:library` and `methods:library_case` names working for pages linking to them."""

from django.views.generic import RedirectView

library = RedirectView.as_view(url="/cases/", query_string=True)
library_case = RedirectView.as_view(url="/cases/%(case_id)s/")
