// VCKIR: placeholder until its issue lands.
