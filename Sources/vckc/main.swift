print("vckc: under construction")
