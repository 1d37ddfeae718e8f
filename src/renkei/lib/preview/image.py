"""PNG / JPEG → a thumbnail, with the same pixel limit the upload check applies."""

import warnings
from pathlib import Path

from PIL import Image, ImageOps

from renkei.lib.drawingcheck import MAX_IMAGE_PIXELS
from renkei.lib.preview.base import Output, PreviewError, save_thumbnail


def convert_image(src: Path, out_dir: Path) -> Output:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it: here that is a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(src) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise PreviewError("too_large")
                # JPEG's draft mode decodes at 1/2, 1/4 or 1/8 scale: a phone photo in a blink.
                image.draft("RGB", (960, 960))
                upright = ImageOps.exif_transpose(image)
                name = save_thumbnail(upright, out_dir / "thumbnail.png")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PreviewError("too_large") from error
        except (OSError, SyntaxError, ValueError) as error:
            raise PreviewError("unreadable") from error
    return Output(thumbnail=name)
