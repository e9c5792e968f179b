"""Letter counting: storage (``storage``) and the rules every client obeys
(``rules``: the viewlet form, its script and the REST API call the same
functions)."""
