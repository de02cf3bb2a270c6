/* sheet.c — a page of prepared lines (contract in sheet.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "../src/buf.h"
#include "../src/text.h"
#include "draw.h"
#include "sheet.h"

void sheet_clear(struct sheet *sh, int width)
{
    sh->width = width;
    sh->nlines = sh->nsegs = sh->arena_len = sh->ncells = 0;
}

bool sheet_new_line(struct sheet *sh)
{
    if (!buf_grow((void **)&sh->lines, &sh->lines_cap, sh->nlines + 1, sizeof *sh->lines))
        return false;
    sh->lines[sh->nlines++] = (struct sheet_line){.seg = sh->nsegs};
    return true;
}

int sheet_put(struct sheet *sh, int x, int width, const char *text, enum theme_role role,
              attr_t attrs)
{
    size_t len = strlen(text);
    int w;

    if (width > sh->width - x)
        width = sh->width - x;
    if (!sh->nlines || width <= 0 || !len)
        return 0;
    if (!buf_grow((void **)&sh->segs, &sh->segs_cap, sh->nsegs + 1, sizeof *sh->segs) ||
        !buf_grow((void **)&sh->arena, &sh->arena_cap, sh->arena_len + len, 1))
        return 0;
    memcpy(sh->arena + sh->arena_len, text, len);
    sh->segs[sh->nsegs++] = (struct sheet_seg){.x = x, .width = width, .off = sh->arena_len,
                                               .len = len, .role = role, .attrs = attrs};
    sh->arena_len += len;
    sh->lines[sh->nlines - 1].nseg++;
    w = text_width(text, len);
    return w < width ? w : width;
}

struct chart_cell *sheet_reserve_cells(struct sheet *sh, size_t n)
{
    if (!buf_grow((void **)&sh->cells, &sh->cells_cap, sh->ncells + n, sizeof *sh->cells))
        return NULL;
    sh->ncells += n;
    return &sh->cells[sh->ncells - n];
}

void sheet_line_cells(struct sheet *sh, size_t first, int x, int n, int kind)
{
    struct sheet_line *l = &sh->lines[sh->nlines - 1];

    l->cell = first;
    l->cell_x = x;
    l->ncells = n;
    l->kind = kind;
}

struct chart_cell *sheet_put_cells(struct sheet *sh, int x, int n, int kind)
{
    struct chart_cell *cells;

    if (!sh->nlines || n <= 0 || x + n > sh->width || !(cells = sheet_reserve_cells(sh, (size_t)n)))
        return NULL;
    sheet_line_cells(sh, sh->ncells - (size_t)n, x, n, kind);
    return cells;
}

void sheet_draw(const struct sheet *sh, WINDOW *win, int top, int height,
                enum theme_role (*cell_role)(int kind, unsigned char role))
{
    for (int row = 0; row < height; row++) {
        size_t i = (size_t)top + (size_t)row;
        const struct sheet_line *l;

        if (i >= sh->nlines)
            break;
        l = &sh->lines[i];
        for (size_t k = l->seg; k < l->seg + l->nseg; k++) {
            const struct sheet_seg *g = &sh->segs[k];
            draw_text(win, row, g->x, sh->arena + g->off, g->len, g->width, false,
                      theme_attr(g->role) | g->attrs);
        }
        for (int k = 0; k < l->ncells; k++) {
            const struct chart_cell *c = &sh->cells[l->cell + (size_t)k];

            /* A covered cell belongs to the wide glyph on its left. */
            if (!c->glyph[0] || c->role == CHART_EMPTY)
                continue;
            wattrset(win, theme_attr(cell_role(l->kind, c->role)));
            mvwaddstr(win, row, l->cell_x + k, c->glyph);
        }
        wattrset(win, A_NORMAL);
    }
}

void sheet_free(struct sheet *sh)
{
    free(sh->lines);
    free(sh->segs);
    free(sh->arena);
    free(sh->cells);
    memset(sh, 0, sizeof *sh);
}
