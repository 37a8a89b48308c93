// VCKLang: placeholder until its issue lands.
