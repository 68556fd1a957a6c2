# Generates torch-bicubic-fixture.json: PyTorch's F.interpolate(mode='bicubic',
# align_corners=False), the resize of the CLIPVG reference, on a test image whose outer two
# pixels are white (so PyTorch's edge clamping and our white fill agree). Run with
# /usr/bin/python3 (torch 1.13); the test rebuilds the same image from the same formula.
import json, math, torch, torch.nn.functional as F

def image(n):
    img = torch.ones(n, n, dtype=torch.float64)
    for j in range(2, n - 2):
        for i in range(2, n - 2):
            img[j, i] = 0.5 + 0.4 * math.sin(0.7 * i + 1.3 * j) * math.cos(0.45 * i - 0.2 * j)
    return img

cases = []
for n, out in ((20, 7), (10, 13)):
    res = F.interpolate(image(n)[None, None], size=(out, out), mode='bicubic', align_corners=False)[0, 0]
    cases.append({'size': n, 'out': out, 'values': [round(v, 12) for v in res.flatten().tolist()]})
json.dump({'generator': 'torch ' + torch.__version__, 'cases': cases}, open('torch-bicubic-fixture.json', 'w'))
