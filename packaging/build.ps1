# Build Thi đua Desktop for Windows: the one-folder program, a portable zip and the installer.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-NoInstaller] [-NoPortableZip]
# Needs Python 3.11+ (python.org, with the py launcher) and, for the installer,
# Inno Setup 6 (iscc.exe on PATH or in its default folder).
param(
    [switch]$NoInstaller,
    [switch]$NoPortableZip
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
$python = ".venv\Scripts\python.exe"
& $python -m pip install -q -r requirements.lock -r packaging\requirements-build.lock
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
& $python packaging\make_icon.py --check
if ($LASTEXITCODE -ne 0) { throw "icons are stale: run $python packaging\make_icon.py" }

$version = (& $python -c "import thidua_desktop; print(thidua_desktop.__version__)").Trim()
if (Test-Path "packaging\dist\ThiDuaDesktop") { Remove-Item -Recurse -Force "packaging\dist\ThiDuaDesktop" }
& $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath packaging\dist --workpath packaging\build packaging\thidua.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Smoke test of the bundle, as on Linux (packaging/smoke_test.sh): headless commands.
$cli = "packaging\dist\ThiDuaDesktop\thidua-desktop.exe"
$work = Join-Path $env:TEMP ("thidua-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory $work | Out-Null
$env:THIDUA_HOME = $work
try {
    & $cli demo --db "$work\demo.sqlite"; if ($LASTEXITCODE -ne 0) { throw "demo failed" }
    & $cli export-roster --db "$work\demo.sqlite" --event dh-hon-quan --out "$work\danh-sach.xlsx"
    if ($LASTEXITCODE -ne 0) { throw "export-roster failed" }
    & $cli export-program --db "$work\demo.sqlite" --event dh-hon-quan --out "$work\chuong-trinh.pdf"
    if ($LASTEXITCODE -ne 0) { throw "export-program failed" }
    & $cli screenshot --db "$work\demo.sqlite" --tab roster --out "$work\roster.png"
    if ($LASTEXITCODE -ne 0) { throw "screenshot failed" }
} finally {
    Remove-Item Env:\THIDUA_HOME
    Remove-Item -Recurse -Force $work
}
$size = (Get-ChildItem -Recurse "packaging\dist\ThiDuaDesktop" | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("Bundle: packaging\dist\ThiDuaDesktop ({0:N0} MB)" -f $size)

if (-not $NoPortableZip) {
    # The same folder with portable.txt: unzip anywhere (a USB stick), data stays beside it.
    $stage = "packaging\build\portable\ThiDuaDesktop"
    if (Test-Path "packaging\build\portable") { Remove-Item -Recurse -Force "packaging\build\portable" }
    Copy-Item -Recurse "packaging\dist\ThiDuaDesktop" $stage
    Set-Content -Encoding UTF8 "$stage\portable.txt" "Bản mang theo: dữ liệu nằm trong thư mục du-lieu bên cạnh chương trình."
    $zip = "packaging\dist\ThiDuaDesktop-$version-portable.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Compress-Archive -Path $stage -DestinationPath $zip
    Write-Host "Portable: $zip"
}

if (-not $NoInstaller) {
    $iscc = Get-Command iscc.exe -ErrorAction SilentlyContinue
    if ($iscc) { $iscc = $iscc.Source } else { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $iscc)) { throw "Inno Setup 6 not found: install it or use -NoInstaller" }
    & $iscc "/DAppVersion=$version" packaging\thidua.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
    Write-Host "Installer: packaging\dist\ThiDuaDesktop-$version-setup.exe"
}
