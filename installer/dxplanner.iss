; Inno Setup script for DX Planner (Windows installer).
; Build on Windows after the PyInstaller build (see docs/windows-build.md):
;   iscc /DAppVersion=0.1.0 installer\dxplanner.iss
; Per-machine install by an administrator; the program itself needs no admin rights and no network.
; Uninstalling removes the program only: users' plans (*.dxplan), their backups and settings stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "DX Planner"
; the two names must differ by more than case: NTFS would make them one file
#define AppExe "DXPlanner.exe"
#define CliExe "dxplanner-cli.exe"

[Setup]
AppId={{8C0F5E2A-6B7D-4C1E-9D3A-2F4B6A8C1D70}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=DX Planner project
DefaultDirName={autopf}\DX Planner
DefaultGroupName=DX Planner
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=DXPlanner-{#AppVersion}-setup
SetupIconFile=..\resources\icons\dxplanner.ico
UninstallDisplayIcon={app}\{#AppExe}
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\DXPlanner\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\resources\icons\dxplan-document.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\DX Planner"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\DX Planner"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .dxplan file association for all users (HKLM through HKA in admin mode)
Root: HKA; Subkey: "Software\Classes\.dxplan"; ValueType: string; ValueName: ""; ValueData: "DXPlanner.Plan"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\DXPlanner.Plan"; ValueType: string; ValueName: ""; ValueData: "DX Planner 計画ファイル"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\DXPlanner.Plan\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\dxplan-document.ico"
Root: HKA; Subkey: "Software\Classes\DXPlanner.Plan\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""gui"" ""%1"""

[Run]
Filename: "{app}\{#CliExe}"; Parameters: "--self-test"; Flags: runhidden; StatusMsg: "Self-test..."; Check: RunSelfTest
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,DX Planner}"; Flags: nowait postinstall skipifsilent

[Code]
function RunSelfTest: Boolean;
begin
  { the self-test writes only to a temporary folder; skip it in silent mass deployments }
  Result := not WizardSilent;
end;
