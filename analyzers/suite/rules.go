package suite

func init() {
	builders = append(builders)
}
