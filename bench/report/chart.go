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
	persCol  = color.RGBA{44, 160, 44, 255}
	goalCol  = color.RGBA{200, 30, 30, 255}
)

// seriesCols colour the bars of a group by position: ours, contrib, ours-persistent.
var seriesCols = []color.RGBA{oursCol, contribC, persCol}

// barGroup is one x position with one bar per collector (ours, contrib[, ours-persistent]).
type barGroup struct {
	label  string
	values []float64
}

// panel is one bar chart with an optional goal line (0 = none).
type panel struct {
	title  string
	groups []barGroup
	goal   float64
	unit   func(float64) string
}

// writeChart draws the panels side by side with a shared legend (ours-persistent's entry
// with persistent) and writes a PNG.
func writeChart(path string, panels []panel, persistent bool) error {
	const pw, ph, top = 520, 400, 50
	img := image.NewRGBA(image.Rect(0, 0, pw*len(panels), ph+top))
	fillRect(img, 0, 0, img.Bounds().Dx(), img.Bounds().Dy(), white)
	fillRect(img, 20, 18, 16, 16, oursCol)
	drawText(img, 42, 19, "OTELCOL-AIANALYTICS", 2, ink)
	fillRect(img, 320, 18, 16, 16, contribC)
	drawText(img, 342, 19, "CONTRIB CLICKHOUSEEXPORTER", 2, ink)
	if persistent {
		fillRect(img, 680, 18, 16, 16, persCol)
		drawText(img, 702, 19, "OURS, PERSISTENT QUEUE", 2, ink)
	}
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
	bars := 0
	for _, g := range p.groups {
		bars = max(bars, len(g.values))
		for _, v := range g.values {
			maxV = max(maxV, v)
		}
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
	barW := slot * 2 / (2*bars + 3) // 2/7 of a slot with two bars
	for i, g := range p.groups {
		gx := left + i*slot + slot/2 - bars*barW/2
		prevRight, prevY := 0, 0
		for j, v := range g.values {
			bx := gx + j*barW
			fillRect(img, bx+1, yOf(v), barW-2, bottom-yOf(v), seriesCols[j])
			label := p.unit(v)
			lx, ly := bx+barW/2-textWidth(label, 1)/2, yOf(v)-10
			// Labels wider than their bars (three bars per group) would run into a neighbour's
			// at the same height: lift this one above it. Labels that fit never move.
			if j > 0 && lx < prevRight && ly > prevY-10 && ly < prevY+10 {
				ly = prevY - 10
			}
			drawText(img, lx, ly, label, 1, ink)
			prevRight, prevY = lx+textWidth(label, 1), ly
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
