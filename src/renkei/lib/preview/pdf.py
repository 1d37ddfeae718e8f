"""PDF → one PNG per page (about 1600 px wide, at most ``max_pages``) and the first as thumbnail."""

from pathlib import Path

import pypdfium2

from renkei.lib.preview.base import Output, PreviewError, save_thumbnail

PAGE_WIDTH_PX = 1600
# A page drawn 1600 px wide may be very tall (a strip 10 mm × 2 m): its height is capped so that
# no page takes more than ~40 MB of pixels, whatever size the PDF claims.
MAX_PAGE_HEIGHT_PX = 8000


def convert_pdf(src: Path, out_dir: Path, max_pages: int) -> Output:
    try:
        document = pypdfium2.PdfDocument(src)
    except pypdfium2.PdfiumError as error:
        raise PreviewError("unreadable") from error
    try:
        page_count = len(document)
        if page_count < 1:
            raise PreviewError("unreadable")
        output = Output(page_count=page_count)
        for index in range(min(page_count, max_pages)):
            page = document[index]
            try:
                width, height = page.get_size()
                if width <= 0 or height <= 0:
                    raise PreviewError("unreadable")
                scale = min(PAGE_WIDTH_PX / width, MAX_PAGE_HEIGHT_PX / height)
                image = page.render(scale=scale, may_draw_forms=True).to_pil()
            finally:
                page.close()
            path = out_dir / f"page-{index + 1:03d}.png"
            image.save(path, "PNG")
            output.pages.append(path.name)
            if index == 0:
                output.thumbnail = save_thumbnail(image, out_dir / "thumbnail.png")
        return output
    finally:
        document.close()
