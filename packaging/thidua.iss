; Inno Setup 6 script: the Windows installer of Thi đua Desktop.
; Build the bundle first (packaging\build.ps1 does both), then:
;   iscc /DAppVersion=0.1.0 packaging\thidua.iss
; Output: packaging\dist\ThiDuaDesktop-<version>-setup.exe
;
; Installs per user without administrator rights by default (office PCs are
; often locked down); an administrator can choose "all users" in the dialog.
; The officer's data (Documents\ThiDua) is never touched by install or uninstall.
; Vietnamese wizard texts: put Inno Setup's unofficial Vietnamese.isl beside this
; script (https://jrsoftware.org/files/istrans/); English is used otherwise.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Thi đua Desktop"
#define AppExe "ThiDuaDesktop.exe"
#define CliExe "thidua-desktop.exe"

[Setup]
AppId={{6D3E2A4B-7C1F-4E8A-9B52-1F0D3C7A5E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\ThiDuaDesktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=dist
OutputBaseFilename=ThiDuaDesktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\thidua.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
VersionInfoVersion={#AppVersion}.0
VersionInfoProductName={#AppName}

[Languages]
#ifexist "Vietnamese.isl"
Name: "vi"; MessagesFile: "Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.DesktopIcon=Create a desktop shortcut
en.RunNow=Start {#AppName} now
#ifexist "Vietnamese.isl"
vi.DesktopIcon=Tạo lối tắt trên màn hình nền
vi.RunNow=Mở {#AppName} ngay
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "dist\ThiDuaDesktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:RunNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may leave in its folder; never the officer's data elsewhere.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
