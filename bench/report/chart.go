package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

var (
	white    = color.RGBA{255, 255, 255, 255}
	ink      = color.RGBA{40, 40, 40, 255}
	grid     = color.RGBA{225, 225, 225, 255}
	oursCol  = color.RGBA{31, 119, 180, 255}
	contribC = color.RGBA{255, 127, 14, 255}
	goalCol  = color.RGBA{200, 30, 30, 255}
)

// barGroup is one x position with one bar per collector (ours, contrib).
type barGroup struct {
	label  string
	values [2]float64
}

// panel is one bar chart with an optional goal line (0 = none).
type panel struct {
	title  string
	groups []barGroup
	goal   float64
	unit   func(float64) string
}

// writeChart draws the panels side by side with a shared legend and writes a PNG.
func writeChart(path string, panels []panel) error {
	const pw, ph, top = 520, 400, 50
	img := image.NewRGBA(image.Rect(0, 0, pw*len(panels), ph+top))
	fillRect(img, 0, 0, img.Bounds().Dx(), img.Bounds().Dy(), white)
	fillRect(img, 20, 18, 16, 16, oursCol)
	drawText(img, 42, 19, "OTELCOL-AIANALYTICS", 2, ink)
	fillRect(img, 320, 18, 16, 16, contribC)
	drawText(img, 342, 19, "CONTRIB CLICKHOUSEEXPORTER", 2, ink)
	for i, p := range panels {
		drawPanel(img, i*pw, top, pw, ph, p)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if err := png.Encode(f, img); err != nil {
		_ = f.Close()
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	return f.Close()
}

func drawPanel(img *image.RGBA, x0, y0, w, h int, p panel) {
	drawText(img, x0+20, y0+8, p.title, 2, ink)
	left, right, top, bottom := x0+20, x0+w-20, y0+60, y0+h-40
	maxV := p.goal
	for _, g := range p.groups {
		maxV = max(maxV, g.values[0], g.values[1])
	}
	if maxV <= 0 {
		maxV = 1
	}
	maxV *= 1.15 // room for the value labels
	yOf := func(v float64) int { return bottom - int(v/maxV*float64(bottom-top)) }
	for i := 1; i <= 4; i++ { // light grid at quarters
		fillRect(img, left, yOf(maxV*float64(i)/4), right-left, 1, grid)
	}
	fillRect(img, left, bottom, right-left, 2, ink)
	slot := (right - left) / max(1, len(p.groups))
	barW := slot * 2 / 7
	for i, g := range p.groups {
		gx := left + i*slot + slot/2 - barW
		for j, v := range g.values {
			c := oursCol
			if j == 1 {
				c = contribC
			}
			bx := gx + j*barW
			fillRect(img, bx+1, yOf(v), barW-2, bottom-yOf(v), c)
			label := p.unit(v)
			drawText(img, bx+barW/2-textWidth(label, 1)/2, yOf(v)-10, label, 1, ink)
		}
		drawText(img, left+i*slot+slot/2-textWidth(g.label, 2)/2, bottom+10, g.label, 2, ink)
	}
	if p.goal > 0 {
		gy := yOf(p.goal)
		for x := left; x < right; x += 8 {
			fillRect(img, x, gy, 4, 2, goalCol)
		}
		drawText(img, left+4, gy-12, "GOAL "+p.unit(p.goal), 1, goalCol)
	}
}
