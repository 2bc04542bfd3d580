package main

import (
	"image"
	"os"
	"strconv"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/tiff"
)

func main() {
	f, _ := os.Open(os.Args[1])
	img, _, err := image.Decode(f)
	if err != nil {
		panic(err)
	}
	a := make([]int, 4)
	for i := range a {
		a[i], _ = strconv.Atoi(os.Args[2+i])
	}
	c := imaging.Crop(img, image.Rect(a[0], a[1], a[2], a[3]))
	imaging.Save(c, os.Args[6])
}
