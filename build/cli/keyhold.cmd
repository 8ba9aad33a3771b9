@echo off
rem The keyhold command as the packaged app ships it: keyhold.cjs beside this file, run by the
rem Node.js on PATH. README: `keyhold` CLI, Install.
where node >nul 2>nul || (echo keyhold: needs Node.js 20.19 or later on PATH ^(https://nodejs.org^) 1>&2 & exit /b 127)
node "%~dp0keyhold.cjs" %*
