/* For Wine 8 only, never shipped: Rust's standard library asks Windows for random bytes with
 * ProcessPrng from bcryptprimitives.dll (Windows 10 and later have it), and Wine 8's copy of that
 * DLL lacks it. This stand-in forwards to RtlGenRandom (SystemFunction036 in advapi32), which
 * Wine has. scripts/wine-run builds it with mingw-w64 and puts it beside the program under test. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
