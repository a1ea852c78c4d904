package main

func main() {}
// not imported: past line 3
