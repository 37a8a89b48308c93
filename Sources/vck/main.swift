print("vck: under construction")
