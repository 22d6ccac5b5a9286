"""National: the Home Office outcomes open data, read, checked, loaded as versions of its own and
compared (a force beside England and Wales and its peers)."""
